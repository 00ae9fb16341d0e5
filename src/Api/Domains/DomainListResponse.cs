namespace MailTracker.Api.Domains;

public sealed record DomainListResponse(IReadOnlyList<DomainResponse> Domains);
