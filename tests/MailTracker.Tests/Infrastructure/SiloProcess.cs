using System.Diagnostics;
using System.Text;

namespace MailTracker.Tests.Infrastructure;

/// <summary>A real MailTracker silo process (the built Silo assembly) for multi-process tests.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process, int httpPort, int siloPort, int gatewayPort)
    {
        _process = process;
        HttpPort = httpPort;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        BaseAddress = new Uri($"http://127.0.0.1:{httpPort}");
    }

    public int HttpPort { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public Uri BaseAddress { get; }

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Starts a silo; it is not waited for (see <see cref="WaitReadyAsync"/>).</summary>
    public static SiloProcess Start(IReadOnlyDictionary<string, string?> environment, int? httpPort = null, int? siloPort = null, int? gatewayPort = null)
    {
        var http = httpPort ?? PostgresServer.FreePort();
        var silo = siloPort ?? PostgresServer.FreePort();
        var gateway = gatewayPort ?? PostgresServer.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(SiloAssembly)!,
        };
        start.ArgumentList.Add(SiloAssembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{http}");
        start.Environment["Orleans__SiloPort"] = silo.ToString();
        start.Environment["Orleans__GatewayPort"] = gateway.ToString();
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // Required with PostgreSQL; a test may still unset it through its environment.
        start.Environment["MailTracker__Sending__KeyEncryptionKey"] = MailTrackerFactory.KeyEncryptionKey;
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var result = new SiloProcess(process, http, silo, gateway);
        process.OutputDataReceived += (_, e) => result.Append(e.Data);
        process.ErrorDataReceived += (_, e) => result.Append(e.Data);
        process.Start();
        // However a test ends (even when its fixture failed to start), no silo outlives the test run.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                if (!process.HasExited) process.Kill();
            }
            catch (InvalidOperationException)
            {
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>Waits until /health/ready answers 200, or fails with the silo's output.</summary>
    public async Task WaitReadyAsync(TimeSpan? timeout = null)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The silo exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var response = await client.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The silo was not ready in time:\n{Output}");
    }

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, then wait for a clean exit.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await kill.WaitForExitAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGKILL to the silo process alone, at once: no walk of the process tree first, so requests in flight are cut off.</summary>
    public void KillNow() => _process.Kill();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>The Silo assembly built beside this test assembly's configuration.</summary>
    private static string SiloAssembly { get; } = FindSiloAssembly();

    private static string FindSiloAssembly()
    {
        // tests/MailTracker.Tests/bin/<Configuration>/net10.0 -> src/Silo/bin/<Configuration>/net10.0
        var testBin = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var framework = Path.GetFileName(testBin);
        var configuration = Path.GetFileName(Path.GetDirectoryName(testBin))!;
        var directory = new DirectoryInfo(testBin);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MailTracker.sln"))) directory = directory.Parent;
        if (directory is null) throw new InvalidOperationException("MailTracker.sln was not found above " + testBin);
        var path = Path.Combine(directory.FullName, "src", "Silo", "bin", configuration, framework, "MailTracker.Silo.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first; the Silo was not found.", path);
    }
}
