namespace MailTracker.Api.Docs;

/// <summary>
/// The security schemes of the OpenAPI document: the API key as a <c>key</c> query parameter (PastePixel) or an HTTP
/// bearer token, either one, on every integrator operation; the admin token as a bearer token on the operator's.
/// </summary>
public static class ApiKeySecurity
{
    public const string QueryScheme = "apiKey";
    public const string BearerScheme = "bearer";
    public const string AdminScheme = "adminBearer";
}
