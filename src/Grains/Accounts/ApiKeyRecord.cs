using MailTracker.Accounts;

namespace MailTracker.Grains.Accounts;

public sealed record ApiKeyRecord(ApiKeyInfo Info, string GrainKey);
