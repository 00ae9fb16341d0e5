namespace MailTracker.Tests.Infrastructure;

/// <summary>An account's API client on a silo process, and its key.</summary>
public sealed record SiloTenant(HttpClient Api, string Key) : IDisposable
{
    public void Dispose() => Api.Dispose();
}
