using System.Net.Sockets;
using Npgsql;

namespace MailTracker.Silo.Hosting;

public static class MailTrackerHost
{
    /// <summary>Builds and runs the silo; a configuration or connectivity problem ends it with one line and exit code 1.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            var builder = WebApplication.CreateBuilder(args);
            builder.AddMailTracker();
            var app = builder.Build();
            app.MapMailTracker();
            await app.RunAsync();
            return 0;
        }
        catch (Exception e) when (Describe(e) is { } reason)
        {
            Console.Error.WriteLine($"MailTracker could not start: {reason}");
            return 1;
        }
    }

    private static string? Describe(Exception e) => e switch
    {
        StartupException s => s.Message,
        PostgresException p => $"PostgreSQL refused the request: {p.MessageText}. Check ConnectionStrings__Postgres.",
        NpgsqlException n => $"PostgreSQL is not usable ({n.InnerException?.Message ?? n.Message}). Check ConnectionStrings__Postgres.",
        IOException { InnerException: SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } } or SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
            => $"a port is already in use ({e.Message}). Choose others with --urls, Orleans__SiloPort and Orleans__GatewayPort.",
        AggregateException { InnerExceptions.Count: 1 } a => Describe(a.InnerException!),
        _ when e.InnerException is not null => Describe(e.InnerException),
        _ => null,
    };
}
