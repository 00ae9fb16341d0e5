namespace MailTracker.Trackings;

/// <summary>A public token (pixel or link), keyed by the token itself (a safe string key, see GrainKeys).</summary>
[Alias("mt.ITokenGrain")]
public interface ITokenGrain : IGrainWithStringKey
{
    [Alias("Initialize")]
    Task InitializeAsync(TokenFacts facts, CustomImage? image);

    [Alias("GetFacts")]
    Task<TokenFacts?> GetFactsAsync();

    [Alias("GetImage")]
    Task<CustomImage?> GetImageAsync();

    /// <summary>Answered once every silo's hit cache has dropped the token (through <see cref="Hits.IHitCacheHubGrain"/>).</summary>
    [Alias("Delete")]
    Task DeleteAsync();
}
