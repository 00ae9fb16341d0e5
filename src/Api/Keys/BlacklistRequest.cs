using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using MailTracker.Api.Http;

namespace MailTracker.Api.Keys;

public sealed record BlacklistRequest([property: Required, Description("IP addresses and CIDR ranges, at most 1000.")] IReadOnlyList<string>? Blacklist) : IValidatable
{
    public const int MaxEntries = 1000;

    public string? Validate()
    {
        if (Blacklist is null) return "blacklist is required: an array of IP addresses and CIDR ranges.";
        if (Blacklist.Count > MaxEntries) return $"blacklist can hold at most {MaxEntries} entries.";
        for (var i = 0; i < Blacklist.Count; i++)
        {
            if (Blacklist[i] is not { } entry || !IsAddressOrRange(entry))
            {
                return $"blacklist[{i}] is not an IP address or CIDR range (e.g. 203.0.113.7 or 10.0.0.0/8).";
            }
        }
        return null;
    }

    private static bool IsAddressOrRange(string entry) => IpNetworks.TryParse(entry, out _);
}
