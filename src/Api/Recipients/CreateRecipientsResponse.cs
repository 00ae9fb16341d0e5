namespace MailTracker.Api.Recipients;

public sealed record CreateRecipientsResponse(long MailTrackingId, int Count, IReadOnlyList<CreatedRecipientResponse> Recipients);
