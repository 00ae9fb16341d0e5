using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace MailTracker.Tests.Infrastructure;

/// <summary>
/// One private, throwaway PostgreSQL server per test run (or the one named by MAILTRACKER_TEST_POSTGRES),
/// started on first use and removed when the test process exits. Each test class asks for its own database.
/// </summary>
public sealed class PostgresServer
{
    public const string EnvironmentVariable = "MAILTRACKER_TEST_POSTGRES";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);

    private readonly string _adminConnectionString;
    private readonly string? _dataDirectory;
    private readonly string? _binDirectory;

    private PostgresServer(string adminConnectionString, string? dataDirectory, string? binDirectory)
    {
        _adminConnectionString = adminConnectionString;
        _dataDirectory = dataDirectory;
        _binDirectory = binDirectory;
    }

    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>Creates an empty database and returns a connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync(string purpose)
    {
        var name = $"mt_{new string(purpose.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(24).ToArray())}_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>
    /// <c>pg_dump --schema-only --no-owner --no-privileges</c> of a database of this server, as pg_dump prints it
    /// (see <see cref="SchemaDump"/> for the comparable form).
    /// </summary>
    public async Task<string> DumpSchemaAsync(string connectionString)
    {
        // An external server (MAILTRACKER_TEST_POSTGRES) is dumped with the local client tools.
        var bin = _binDirectory ?? FindBinDirectory() ?? throw new InvalidOperationException(
            "pg_dump was not found under /usr/lib/postgresql/*/bin. Install the PostgreSQL client (apt-get install -y postgresql).");
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        // libpq's own keyword list, so that an external server's password reaches pg_dump too.
        var conninfo = string.Join(' ', new (string Key, string? Value)[]
            {
                ("host", settings.Host), ("port", settings.Port.ToString(CultureInfo.InvariantCulture)),
                ("user", settings.Username), ("password", settings.Password), ("dbname", settings.Database),
            }
            .Where(p => !string.IsNullOrEmpty(p.Value))
            .Select(p => $"{p.Key}='{p.Value!.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("'", @"\'", StringComparison.Ordinal)}'"));
        return await RunAsync(bin, "pg_dump", "--schema-only", "--no-owner", "--no-privileges", "--no-password", "--dbname=" + conninfo);
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external)) return new PostgresServer(external, null, null);

        var bin = FindBinDirectory() ?? throw new InvalidOperationException(
            $"PostgreSQL server binaries were not found under /usr/lib/postgresql/*/bin. Install them (apt-get install -y postgresql) or set {EnvironmentVariable}.");

        RemoveStaleServers();
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"mailtracker-pg-{Guid.NewGuid():N}");
        var port = FreePort();
        await RunAsync(bin, "initdb", "-D", dataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync");
        await RunAsync(bin, "pg_ctl", "-D", dataDirectory, "-l", Path.Combine(dataDirectory, "server.log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {dataDirectory} -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            "start");
        var server = new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres", dataDirectory, bin);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    private void Stop()
    {
        if (_dataDirectory is null || _binDirectory is null) return;
        try
        {
            RunAsync(_binDirectory, "pg_ctl", "-D", _dataDirectory, "-m", "immediate", "-w", "stop").GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // Already gone; still remove the files.
        }
        TryDelete(_dataDirectory);
    }

    /// <summary>Data directories of earlier runs whose server is gone (a test host that was killed leaves them behind).</summary>
    private static void RemoveStaleServers()
    {
        foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), "mailtracker-pg-*"))
        {
            // A concurrent run may be between initdb and start: leave young directories alone.
            if (Directory.GetLastWriteTimeUtc(directory) > DateTime.UtcNow.AddMinutes(-10)) continue;
            var pidFile = Path.Combine(directory, "postmaster.pid");
            var running = false;
            try
            {
                if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid))
                {
                    using var process = Process.GetProcessById(pid);
                    running = !process.HasExited;
                }
            }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                running = false;
            }
            if (!running) TryDelete(directory);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next run's clean-up.
        }
    }

    /// <summary>Runs a PostgreSQL tool, as the postgres user when this process is root (initdb refuses root).</summary>
    private static async Task<string> RunAsync(string bin, string tool, params string[] args)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Environment.IsPrivilegedProcess)
        {
            start.FileName = "runuser";
            foreach (var a in new[] { "-u", "postgres", "--", Path.Combine(bin, tool) }) start.ArgumentList.Add(a);
        }
        else
        {
            start.FileName = Path.Combine(bin, tool);
        }
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {await error}{await output}");
        }
        return await output;
    }

    /// <summary>The newest PostgreSQL version's binaries under /usr/lib/postgresql, or none.</summary>
    private static string? FindBinDirectory() => Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault()
        : null;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
