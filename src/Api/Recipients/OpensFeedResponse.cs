using System.Globalization;
using System.Net.Mail;
using System.Text.Json.Serialization;
using System.Text;
using MailTracker.Api.Http;
using MailTracker.Api.Trackings;
using MailTracker.Hits;
using MailTracker.Recipients;

namespace MailTracker.Api.Recipients;

public sealed record OpensFeedResponse(IReadOnlyList<EventResponse> Opens, [property: JsonPropertyName("_links")] PageLinks Links);
