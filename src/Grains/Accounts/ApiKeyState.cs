using MailTracker.Accounts;

namespace MailTracker.Grains.Accounts;

public sealed record ApiKeyState
{
    public ApiKeyGrant? Grant { get; set; }

    public bool Revoked { get; set; }
}
