namespace MailTracker;

/// <summary>What a grain command returns: the value, or why there is none.</summary>
[GenerateSerializer, Immutable, Alias("mt.Result`1")]
public sealed record Result<T>([property: Id(0)] Outcome Outcome, [property: Id(1)] T? Value, [property: Id(2)] string? Message = null)
{
    public static Result<T> Ok(T value) => new(Outcome.Ok, value);

    public static Result<T> Fail(Outcome outcome, string? message = null) => new(outcome, default, message);
}
