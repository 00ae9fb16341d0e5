namespace MailTracker.Grains.Classification;

/// <summary>
/// What a user agent says about the reader, in the words the API shows: the mail client as a person would name it
/// (null for a web browser: that is webmail), the device ("iPhone", "iPad", "Android phone", "Android tablet", "Desktop",
/// "Mobile", "Tablet") and the operating system ("iOS", "Android", "Windows", "macOS", "Linux", "ChromeOS"); each null when
/// the agent does not tell.
/// </summary>
public sealed record UserAgentDescription(string? EmailClient, string? Device, string? Os)
{
    public static UserAgentDescription Unknown { get; } = new(null, null, null);
}
