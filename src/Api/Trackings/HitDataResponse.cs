namespace MailTracker.Api.Trackings;

public sealed record HitDataResponse(long TimesOpened, long HumanOpens, long BotOpens, int Offset, int Limit, IReadOnlyList<HitDataEntry> Data);
