namespace MailTracker.Grains.Domains;

/// <summary>A sending setting cannot be used; its message names the setting.</summary>
public sealed class SendingSettingsException(string message) : Exception(message);
