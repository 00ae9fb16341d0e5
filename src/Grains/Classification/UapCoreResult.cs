namespace MailTracker.Grains.Classification;

/// <summary>
/// uap-core's reading of one user agent: its families ("Other" when no regex matched), the device's brand and model. Each
/// list is matched when first asked for (matching all three lists costs more than most descriptions need); one description
/// uses it on one thread.
/// </summary>
public sealed class UapCoreResult(UapCoreParser parser, string agent)
{
    private readonly Lazy<string> userAgentFamily = new(() => parser.UserAgentFamily(agent), LazyThreadSafetyMode.None);
    private readonly Lazy<string> osFamily = new(() => parser.OsFamily(agent), LazyThreadSafetyMode.None);
    private readonly Lazy<(string Family, string? Brand, string? Model)> device = new(() => parser.Device(agent), LazyThreadSafetyMode.None);

    public string UserAgentFamily => userAgentFamily.Value;

    public string OsFamily => osFamily.Value;

    public string DeviceFamily => device.Value.Family;

    public string? DeviceBrand => device.Value.Brand;

    public string? DeviceModel => device.Value.Model;
}
