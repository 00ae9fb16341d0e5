namespace MailTracker.Tests.Infrastructure;

/// <summary>An answer of the API that its OpenAPI document does not describe.</summary>
public sealed class OpenApiContractException(string message) : Exception(message);
