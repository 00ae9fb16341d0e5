namespace MailTracker.Api.Http;

/// <summary>A request body that can say what is wrong with it (null when nothing is).</summary>
public interface IValidatable
{
    string? Validate();
}
