namespace MailTracker.Api.Messages;

public sealed record EmailListResponse(IReadOnlyList<EmailResponse> Emails, EmailPagination Pagination);
