namespace MailTracker.Accounts;

/// <summary>One API key, keyed by a hash of its secret (the secret itself is stored nowhere).</summary>
[Alias("mt.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task CreateAsync(ApiKeyGrant grant);

    /// <summary>The grant, or null when the key is unknown or revoked.</summary>
    [Alias("Get")]
    Task<ApiKeyGrant?> GetAsync();

    [Alias("Revoke")]
    Task RevokeAsync();
}
