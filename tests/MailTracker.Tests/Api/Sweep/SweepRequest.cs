namespace MailTracker.Tests.Api.Sweep;

/// <summary>One malformed request of the sweep: what it sends and, in <see cref="Description"/>, what is wrong with it.</summary>
public sealed record SweepRequest(
    string Method,
    string Template,
    string Target,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[]? Body,
    string? ContentType,
    bool Chunked,
    string Description)
{
    /// <summary>The JSON APIs answer every 4xx with the error envelope; pages and hit endpoints only must not fail.</summary>
    public bool ExpectsEnvelope =>
        Target.StartsWith("/api/", StringComparison.Ordinal) || Target.StartsWith("/admin/v1", StringComparison.Ordinal);

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), new Uri(Target, UriKind.Relative));
        foreach (var (name, value) in Headers) message.Headers.TryAddWithoutValidation(name, value);
        if (Body is not null || ContentType is not null)
        {
            HttpContent content = Chunked ? new ChunkedContent(Body ?? []) : new ByteArrayContent(Body ?? []);
            if (ContentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            message.Content = content;
        }
        return message;
    }
}
