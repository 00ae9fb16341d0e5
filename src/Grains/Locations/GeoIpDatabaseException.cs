namespace MailTracker.Grains.Locations;

/// <summary>The configured GeoIP database cannot be used; its message names the setting and the path.</summary>
public sealed class GeoIpDatabaseException(string message, Exception? innerException = null) : Exception(message, innerException);
