namespace MailTracker.Api.Webhooks;

public sealed record DeliveryListResponse(IReadOnlyList<DeliveryResponse> Deliveries);
