using System.Reflection;
using MailTracker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace MailTracker.Tests.Foundation;

public sealed class GrainKeyTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("0abc")]
    [InlineData("ABC")]
    [InlineData("12345")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("9b2c6f0e-1d2a-4c3b-8e7f-0a1b2c3d4e5f")]
    [InlineData("p+abc")]
    [InlineData("")]
    public void Keys_that_Orleans_storage_would_read_as_numbers_are_refused(string key) =>
        Assert.False(GrainKeys.IsSafeStringKey(key));

    [Theory]
    [InlineData(TokenKind.Pixel)]
    [InlineData(TokenKind.Link)]
    [InlineData(TokenKind.Recipient)]
    [InlineData(TokenKind.ApiKey)]
    public void Generated_tokens_are_safe_distinct_url_safe_and_long_enough(TokenKind kind)
    {
        var tokens = Enumerable.Range(0, 20_000).Select(_ => GrainKeys.NewToken(kind)).ToList();
        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.All(tokens, t =>
        {
            Assert.True(GrainKeys.IsSafeStringKey(t), t);
            Assert.Equal(1 + GrainKeys.RandomLength, t.Length);
            Assert.All(t, c => Assert.True(char.IsAsciiLetterOrDigit(c)));
        });
        // 22 characters of 62 carry at least 120 bits.
        Assert.True(GrainKeys.RandomLength * Math.Log2(62) >= 120);
    }

    [Fact]
    public void Every_grain_class_has_its_own_state_names()
    {
        // The ADO.NET storage keys rows by state name and grain key, not by grain class: two classes
        // sharing a state name and a key would share a row.
        var names = typeof(Grains.Ids.IIdGenerator).Assembly.GetTypes()
            .Where(t => typeof(Grain).IsAssignableFrom(t) && !t.IsAbstract)
            .SelectMany(t => t.GetConstructors().SelectMany(c => c.GetParameters()))
            .Select(p => p.GetCustomAttribute<PersistentStateAttribute>()?.StateName)
            .OfType<string>()
            .ToList();
        Assert.NotEmpty(names);
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Keys_in_MailTrackers_scheme_keep_separate_rows_in_PostgreSQL()
    {
        var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync("hexkeys");
        await using var app = new MailTrackerFactory(connectionString);
        _ = app.Server; // starts the silo, applying the schema
        var storage = app.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);

        // Each of these would be one row if the prefix letter were missing ("abc" == "0abc" == "ABC").
        var keys = new[] { "pabc", "p0abc", "pABC", "p00000abc", GrainKeys.NewToken(TokenKind.Pixel), GrainKeys.NewToken(TokenKind.Link) };
        foreach (var key in keys)
        {
            Assert.True(GrainKeys.IsSafeStringKey(key));
            await storage.WriteStateAsync("hexcheck", GrainId.Create("hexcheck", key), new GrainState<string>(key));
        }
        foreach (var key in keys)
        {
            var read = new GrainState<string>();
            await storage.ReadStateAsync("hexcheck", GrainId.Create("hexcheck", key), read);
            Assert.True(read.RecordExists);
            Assert.Equal(key, read.State);
        }
    }
}
