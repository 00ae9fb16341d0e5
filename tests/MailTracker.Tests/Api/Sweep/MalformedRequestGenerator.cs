using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MailTracker.Api.Hits;

namespace MailTracker.Tests.Api.Sweep;

/// <summary>
/// Makes malformed requests from a fixed seed: the same seed gives the same requests (up to the tenant's ids), in the same order.
/// Half of the requests use the tenant's real ids so that their junk reaches the checks behind the 404.
/// </summary>
public sealed partial class MalformedRequestGenerator(MalformedValues values, SweepIds ids, string apiKey, string adminToken, int seed)
{
    private const string JsonType = "application/json";
    private const string ImageField = "image";

    private readonly Random _random = new(seed);

    private const int JsonVariants = 20;
    private const int MultipartVariants = 20;

    /// <summary>
    /// The table first (every junk path segment in every path parameter, every junk value in every query and header parameter,
    /// every wrong-typed value in every body property, every malformed body and content type), then <paramref name="count"/>
    /// random mixtures of them.
    /// </summary>
    public IEnumerable<SweepRequest> For(SweepOperation operation, int count)
    {
        foreach (var request in Table(operation)) yield return request;
        for (var index = 0; index < count; index++)
        {
            yield return Create(operation, index % 2 == 0, (SweepFocus)(index / 2 % Enum.GetValues<SweepFocus>().Length));
        }
    }

    private SweepRequest Create(SweepOperation operation, bool realIds, SweepFocus focus)
    {
        var notes = new List<string>();
        var junk = focus == SweepFocus.Everything;
        var path = Parameter().Replace(operation.Template, m => Segment(operation.Template, m.Groups[1].Value, realIds, focus is SweepFocus.Path || junk, notes));
        var query = new List<string>();
        var headers = new List<KeyValuePair<string, string>>();
        var token = operation.IsAdmin ? adminToken : apiKey;
        if (!operation.IsAdmin && Chance(0.15)) query.Add("key=" + Uri.EscapeDataString(token));
        else headers.Add(new("Authorization", "Bearer " + token));

        var queryParameters = operation.Parameters.Where(p => p.In == "query").ToList();
        // Junk in one parameter alone, or in several at once.
        var single = queryParameters.Count > 0 && Chance(0.5) ? Pick(queryParameters) : null;
        foreach (var parameter in queryParameters)
        {
            if (focus is SweepFocus.Query || junk)
            {
                if (single is not null ? parameter != single : !Chance(0.6)) continue;
                query.Add(QueryPair(parameter.Name, QueryJunk(parameter.Name), notes));
                if (Chance(0.2)) query.Add(QueryPair(parameter.Name, QueryJunk(parameter.Name), notes));
            }
            else if (Chance(0.3) && Plausible(parameter.Name) is { } plausible)
            {
                query.Add(parameter.Name + "=" + Uri.EscapeDataString(plausible));
            }
        }
        foreach (var parameter in operation.Parameters.Where(p => p.In == "header" && (focus is SweepFocus.Headers || junk)))
        {
            headers.Add(new(parameter.Name, HeaderJunk(parameter.Name, token)));
            notes.Add($"header {parameter.Name}");
        }
        if ((focus is SweepFocus.Query || junk) && Chance(0.3))
        {
            query.Add(QueryPair(Pick(values.QueryKeys), Pick(values.QueryValues), notes));
        }
        if (focus is SweepFocus.Headers || junk)
        {
            foreach (var name in Enumerable.Range(0, _random.Next(1, 4)).Select(_ => Pick(values.HeaderValues.Keys.ToList())).Distinct())
            {
                if (name == "Authorization") headers.RemoveAll(h => h.Key == name);
                headers.Add(new(name, HeaderJunk(name, token)));
                notes.Add($"header {name}");
            }
            if (!operation.IsAdmin && Chance(0.15)) query.Add(QueryPair("key", Chance(0.5) ? token + Pick(values.QueryValues) : Pick(values.QueryValues), notes));
        }

        byte[]? body = null;
        string? contentType = null;
        var chunked = false;
        if (operation.TakesBody || ((focus is SweepFocus.Body or SweepFocus.ContentType || junk) && Chance(0.3)))
        {
            var multipart = operation.TakesMultipart;
            if (focus is SweepFocus.Body || junk)
            {
                (body, contentType, chunked) = (multipart ? Chance(0.6) : Chance(0.15)) ? MalformedMultipart(ImageField, notes) : MalformedJson(operation, notes);
            }
            else
            {
                (body, contentType) = multipart ? ValidMultipart() : (Encoding.UTF8.GetBytes(BaseObject(operation)), JsonType);
                if (focus is SweepFocus.ContentType)
                {
                    contentType = Pick(values.ContentTypes);
                    notes.Add($"content type {contentType ?? "(none)"}");
                }
            }
        }
        var target = path + (query.Count > 0 ? "?" + string.Join("&", query) : "");
        if (notes.Count == 0) notes.Add(realIds ? "well-formed, real ids" : "well-formed, unknown ids");
        return new SweepRequest(operation.Method, operation.Template, target, headers, body, contentType, chunked, string.Join("; ", notes));
    }

    private IEnumerable<SweepRequest> Table(SweepOperation operation)
    {
        var token = operation.IsAdmin ? adminToken : apiKey;
        var real = Parameter().Replace(operation.Template, m => ids.For(operation.Template, m.Groups[1].Value).ToString(CultureInfo.InvariantCulture));
        SweepRequest Make(string target, string note, (byte[]? Body, string? ContentType, bool Chunked)? body = null, KeyValuePair<string, string>? header = null)
        {
            var (bytes, contentType, chunked) = body ?? (operation.TakesBody ? ValidBody(operation) : (null, null, false));
            List<KeyValuePair<string, string>> headers = [new("Authorization", "Bearer " + token)];
            if (header is { } extra) headers.Add(extra);
            return new SweepRequest(operation.Method, operation.Template, target, headers, bytes, contentType, chunked, "table: " + note);
        }

        foreach (var parameter in operation.Parameters.Where(p => p.In == "path"))
        {
            foreach (var segment in values.PathSegments.Append(LongJunk()))
            {
                var target = Parameter().Replace(operation.Template, m => m.Groups[1].Value == parameter.Name ? segment : ids.For(operation.Template, m.Groups[1].Value).ToString(CultureInfo.InvariantCulture));
                yield return Make(target, $"path {parameter.Name}={Excerpt(segment)}");
            }
        }
        foreach (var parameter in operation.Parameters.Where(p => p.In == "query"))
        {
            foreach (var value in values.QueryValues.Append(LongJunk()).Append(Cursor()))
            {
                yield return Make($"{real}?{Uri.EscapeDataString(parameter.Name)}={Uri.EscapeDataString(value)}", $"query {parameter.Name}={Excerpt(value)}");
            }
        }
        foreach (var parameter in operation.Parameters.Where(p => p.In == "header"))
        {
            foreach (var value in (values.HeaderValues.TryGetValue(parameter.Name, out var known) ? known : values.QueryValues).Append("{long}"))
            {
                yield return Make(real, $"header {parameter.Name}", header: new(parameter.Name, value.Replace("{long}", LongJunk(), StringComparison.Ordinal)));
            }
        }
        if (!operation.TakesBody) yield break;
        foreach (var property in operation.BodyProperties)
        {
            foreach (var wrong in values.WrongTypedValues)
            {
                var members = operation.BodyProperties.Select(p => (p.Name, p.Name == property.Name ? wrong : Sample(p)));
                yield return Make(real, $"json {property.Name}={Excerpt(wrong)}", (Encoding.UTF8.GetBytes(Object(members)), JsonType, false));
            }
        }
        foreach (var property in operation.BodyProperties)
        {
            foreach (var item in property.ItemProperties)
            {
                foreach (var wrong in values.WrongTypedValues)
                {
                    var entry = Object(property.ItemProperties.Select(p => (p.Name, p.Name == item.Name ? wrong : Sample(p))));
                    var members = operation.BodyProperties.Where(p => p.Name == property.Name).Select(p => (p.Name, $"[{entry}]"));
                    yield return Make(real, $"json {property.Name}[0].{item.Name}={Excerpt(wrong)}", (Encoding.UTF8.GetBytes(Object(members)), JsonType, false));
                }
            }
        }
        foreach (var document in values.JsonDocuments)
        {
            yield return Make(real, $"json {Excerpt(document)}", (Encoding.UTF8.GetBytes(document), JsonType, false));
        }
        for (var variant = 0; variant < JsonVariants; variant++)
        {
            var notes = new List<string>();
            var body = MalformedJson(operation, notes, variant);
            yield return Make(real, notes[0], body);
        }
        for (var variant = 0; variant < MultipartVariants; variant++)
        {
            var notes = new List<string>();
            var body = MalformedMultipart(ImageField, notes, variant);
            yield return Make(real, notes[0], body);
        }
        foreach (var contentType in values.ContentTypes)
        {
            var (bytes, _, _) = ValidBody(operation);
            yield return Make(real, $"content type {contentType ?? "(none)"}", (bytes, contentType, false));
        }
    }

    private (byte[]? Body, string? ContentType, bool Chunked) ValidBody(SweepOperation operation)
    {
        if (operation.TakesMultipart)
        {
            var (body, type) = ValidMultipart();
            return (body, type, false);
        }
        return (Encoding.UTF8.GetBytes(BaseObject(operation)), JsonType, false);
    }

    /// <summary>Requests to the routes outside the document: hit endpoints, the tracking pages, the admin sign-in, the rest.</summary>
    public IEnumerable<SweepRequest> ForOutsideRoutes(int count)
    {
        var pixelStem = ids.PixelPath[..ids.PixelPath.LastIndexOf('.')];
        for (var index = 0; index < count; index++)
        {
            var notes = new List<string>();
            var real = index % 2 == 0;
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var name in Enumerable.Range(0, _random.Next(0, 3)).Select(_ => Pick(values.HeaderValues.Keys.ToList())).Distinct())
            {
                headers.Add(new(name, HeaderJunk(name, apiKey)));
                notes.Add($"header {name}");
            }
            var segment = Chance(0.8) ? Pick(values.PathSegments) : LongJunk();
            byte[]? body = null;
            string? contentType = null;
            var chunked = false;
            var (method, template, target) = (index % 12) switch
            {
                0 or 1 => (Chance(0.8) ? "GET" : "HEAD", "/image/{token}", (real ? (Chance(0.5) ? ids.PixelPath : pixelStem + Pick([".gif", ".jpg", ".webp", ".png.png", ".💥", ""])) : "/image/" + segment)
                    + HitQuery(notes)),
                2 or 3 => (Chance(0.8) ? "GET" : "HEAD", "/url/{token}", (real ? ids.LinkPath : "/url/" + segment) + HitQuery(notes)),
                4 => ("GET", "/tracking/{id}", "/tracking/" + (Chance(0.7) ? ids.Tracking.ToString(CultureInfo.InvariantCulture) : segment) + (Chance(0.3) ? "/live" : "")
                    + PageQuery(notes)),
                5 => ("GET", "/tracking/sign-in", "/tracking/sign-in?returnUrl=" + Uri.EscapeDataString(ReturnUrlJunk())),
                6 or 7 => ("POST", "/tracking/sign-in", "/tracking/sign-in"),
                8 => ("POST", "/tracking/sign-out", "/tracking/sign-out"),
                9 => ("GET", "/admin/login", "/admin/login?returnUrl=" + Uri.EscapeDataString(ReturnUrlJunk())),
                10 => ("POST", "/admin/login", "/admin/login"),
                _ => ("GET", "(other)", Pick(["/assets/", "/openapi/", "/docs/", "/dashboard/", "/health/", "/metrics/", "/"]) + segment),
            };
            // Signed in for half of the requests, so that their junk reaches the pages behind the sign-in.
            if (real && !headers.Exists(h => h.Key == "Cookie")) headers.Add(new("Cookie", ids.SessionCookie));
            if (method == "POST")
            {
                // Same-origin (or no Origin) for most, so that the form is read rather than refused at the door.
                if (Chance(0.7)) headers.RemoveAll(h => h.Key is "Origin" or "Sec-Fetch-Site");
                if (Chance(0.5)) headers.Add(new("Origin", "http://localhost"));
                var field = template == "/admin/login" ? "token" : "key";
                (body, contentType, chunked) = Chance(0.5) ? MalformedForm(field, real ? apiKey : Pick(values.QueryValues), notes) : MalformedMultipart(field, notes);
            }
            yield return new SweepRequest(method, template, target, headers, body, contentType, chunked, notes.Count == 0 ? "well-formed" : string.Join("; ", notes));
        }
    }

    private string Segment(string template, string parameter, bool realIds, bool junk, List<string> notes)
    {
        if (junk)
        {
            var segment = Chance(0.85) ? Pick(values.PathSegments) : LongJunk();
            notes.Add($"path {parameter}={Excerpt(segment)}");
            return segment;
        }
        return (realIds ? ids.For(template, parameter) : _random.NextInt64(1, 1L << 40)).ToString(CultureInfo.InvariantCulture);
    }

    private string QueryJunk(string name) => _random.Next(10) switch
    {
        0 => LongJunk(),
        1 => Cursor(),
        2 => ids.Tracking.ToString(CultureInfo.InvariantCulture) + Pick(values.QueryValues),
        _ => Pick(values.QueryValues),
    };

    /// <summary>A value in a parameter's expected shape, so that other junk of the request is what gets judged.</summary>
    private string? Plausible(string name) => name switch
    {
        "limit" => "10",
        "offset" => "0",
        "mailTrackingId" => ids.Tracking.ToString(CultureInfo.InvariantCulture),
        "campaign" => ids.Campaign,
        _ => null,
    };

    /// <summary>Escaped as a client should, or now and then sent raw (invalid escapes, stray separators).</summary>
    private string QueryPair(string name, string value, List<string> notes)
    {
        notes.Add($"query {name}={Excerpt(value)}");
        var raw = Chance(0.15) && value.All(c => c is > ' ' and < '\u007f' and not '#');
        return Uri.EscapeDataString(name) + "=" + (raw ? value : Uri.EscapeDataString(value));
    }

    private string HitQuery(List<string> notes)
    {
        var query = new List<string>();
        foreach (var name in new[] { "d", "r", Pick(values.QueryKeys) })
        {
            if (!Chance(0.5)) continue;
            var value = name == "r" && Chance(0.3) ? ids.RecipientToken + Pick(["", "x", "%00"]) : QueryJunk(name);
            query.Add(QueryPair(name, value, notes));
        }
        return query.Count > 0 ? "?" + string.Join("&", query) : "";
    }

    private string PageQuery(List<string> notes)
    {
        var query = new List<string>();
        foreach (var name in new[] { "page", "tz" })
        {
            if (Chance(0.7)) query.Add(QueryPair(name, QueryJunk(name), notes));
        }
        return query.Count > 0 ? "?" + string.Join("&", query) : "";
    }

    private string ReturnUrlJunk() => Pick(["//evil.example", "javascript:alert(1)", "\\\\evil", "/\\evil", "http://evil.example", "/tracking/1", "%0d%0a", LongJunk(), Pick(values.QueryValues)]);

    private string HeaderJunk(string name, string token)
    {
        var candidates = values.HeaderValues.TryGetValue(name, out var known) ? known : values.QueryValues;
        return Pick(candidates).Replace("{key}", token, StringComparison.Ordinal).Replace("{long}", LongJunk(), StringComparison.Ordinal);
    }

    private (byte[] Body, string? ContentType, bool Chunked) MalformedJson(SweepOperation operation, List<string> notes, int? given = null)
    {
        var properties = operation.BodyProperties.Count > 0 ? operation.BodyProperties : [new SweepProperty("name", "string", null, [])];
        var variant = given ?? _random.Next(JsonVariants);
        var (text, note) = variant switch
        {
            0 => JsonDocumentJunk(),
            1 => WrongTyped(operation, properties),
            2 => (Object(properties.Select(p => (p.Name, "null"))), "json all null"),
            3 => (BaseObject(operation)[..^1] + (properties.Count > 0 ? "," : "") + string.Join(",", Enumerable.Range(0, 200).Select(i => $"\"extra{i}\":{Pick(values.WrongTypedValues)}")) + ",\"__proto__\":{}}",
                "json extra properties"),
            4 => (Truncated(BaseObject(operation)), "json truncated"),
            5 => (BaseObject(operation) + Pick(["}}", "garbage", ",", "\u0000", "{}", "]"]), "json trailing garbage"),
            6 => ("\uFEFF" + BaseObject(operation), "json with BOM"),
            7 => (new string('[', values.NestingDepth) + new string(']', values.NestingDepth), "json arrays nested deep"),
            8 => (string.Concat(Enumerable.Repeat("{\"a\":", values.NestingDepth)) + "1" + new string('}', values.NestingDepth), "json objects nested deep"),
            9 => (Object(properties.Select(p => (p.Name, "9" + new string('9', 400)))), "json huge numbers"),
            10 => ("[" + BaseObject(operation) + "]", "json array for object"),
            11 => (Object(properties.Select(p => (p.Name, Chance(0.5) ? "[1,null,{},[],\"" + LongJunk() + "\"]" : "[" + string.Join(",", Enumerable.Range(0, 20_000)) + "]"))),
                "json arrays of junk"),
            12 or 13 => (Object([(properties[0].Name, "\"" + new string('a', values.HugeBodyBytes) + "\"")]), "json 6 MB"),
            14 => ("", "json empty"),
            15 => ("", "random bytes"),
            16 => (Object(properties.Select(p => (p.Name, JsonSerializer.Serialize(LongJunk())))), "json long strings"),
            17 => (Object(properties.SelectMany(p => new[] { (p.Name, Pick(values.WrongTypedValues)), (p.Name, Sample(p)) })), "json duplicate properties"),
            18 => (Object(properties.Select(p => (p.Name, JsonSerializer.Serialize(Pick(values.QueryValues))))), "json junk strings"),
            _ => (Object(properties.Select(p => (p.Name, JsonSerializer.Serialize(Sample(p))))), "json every value a string"),
        };
        notes.Add(note);
        var bytes = variant == 15 ? RandomBytes(_random.Next(1, 256)) : Encoding.UTF8.GetBytes(text);
        return (bytes, JsonType, variant == 13);
    }

    private (string, string) JsonDocumentJunk()
    {
        var document = Pick(values.JsonDocuments);
        return (document, $"json {Excerpt(document)}");
    }

    private string Truncated(string json) => json[.._random.Next(0, json.Length)];

    private (string, string) WrongTyped(SweepOperation operation, IReadOnlyList<SweepProperty> properties)
    {
        var target = Pick(properties);
        var wrong = Pick(values.WrongTypedValues);
        var members = properties.Select(p => (p.Name, p.Name == target.Name ? wrong : Sample(p)));
        return (Object(members), $"json {target.Name}={Excerpt(wrong)}");
    }

    private (byte[] Body, string? ContentType, bool Chunked) MalformedForm(string field, string value, List<string> notes)
    {
        var variant = _random.Next(8);
        var (text, note) = variant switch
        {
            0 => ($"{field}={Uri.EscapeDataString(value)}&returnUrl={Uri.EscapeDataString(ReturnUrlJunk())}", "form junk returnUrl"),
            1 => ($"{field}=%zz&&=&%=%&{field}", "form bad escapes"),
            2 => ($"{field}={new string('k', values.LongLength)}", "form long value"),
            3 => (new string('k', 20_000) + "=1", "form key over the limit"),
            4 => (string.Join("&", Enumerable.Range(0, 1500).Select(i => $"f{i}={i}")), "form 1500 fields"),
            5 => ($"{field}={new string('v', values.HugeBodyBytes)}", "form 6 MB"),
            6 => ("", "form random bytes"),
            _ => ($"{field}={Uri.EscapeDataString(value)}", "form"),
        };
        notes.Add(note);
        return (variant == 6 ? RandomBytes(_random.Next(1, 256)) : Encoding.UTF8.GetBytes(text), Chance(0.8) ? "application/x-www-form-urlencoded" : Pick(values.ContentTypes), variant == 5 && Chance(0.5));
    }

    private (byte[] Body, string ContentType) ValidMultipart()
    {
        var boundary = "sweep" + _random.Next().ToString("x", CultureInfo.InvariantCulture);
        return (Multipart(boundary, Part(ImageField, "pixel.gif", "image/gif", HitEndpoints.TransparentGif), close: true), "multipart/form-data; boundary=" + boundary);
    }

    private (byte[] Body, string? ContentType, bool Chunked) MalformedMultipart(string field, List<string> notes, int? given = null)
    {
        var boundary = "sweep" + _random.Next().ToString("x", CultureInfo.InvariantCulture);
        var type = "multipart/form-data; boundary=" + boundary;
        var junkBytes = RandomBytes(_random.Next(1, 512));
        var gif = HitEndpoints.TransparentGif;
        var variant = given ?? _random.Next(MultipartVariants);
        var (body, contentType, note) = variant switch
        {
            0 => (Multipart(boundary, Part(field, "x.gif", "image/gif", gif), close: true), "multipart/form-data", "multipart without boundary"),
            1 => (Multipart(boundary, Part(field, "x.gif", "image/gif", gif), close: false), type, "multipart without closing boundary"),
            2 => (Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"\r\nX-Junk: "), type, "multipart headers never end"),
            3 => (Multipart(boundary, Encoding.ASCII.GetBytes("Content-Type: image/gif\r\n\r\n").Concat(gif).ToArray(), close: true), type, "multipart part without disposition"),
            4 => (Multipart(boundary, Encoding.ASCII.GetBytes("Content-Disposition: form-data\r\n\r\n").Concat(gif).ToArray(), close: true), type, "multipart disposition without name"),
            5 => (Multipart(boundary, Part(field, "x.png", "image/png", junkBytes), close: true), type, "multipart image of junk bytes"),
            6 => (Multipart(boundary, [.. Part(field, "a.gif", "image/gif", gif), .. Encoding.ASCII.GetBytes($"\r\n--{boundary}\r\n"), .. Part(field, "b.gif", "image/gif", gif)], close: true),
                type, "multipart two images"),
            7 => (Multipart(new string('b', 100), Part(field, "x.gif", "image/gif", gif), close: true), "multipart/form-data; boundary=" + new string('b', 100), "multipart boundary of 100"),
            8 => (Multipart(boundary, Encoding.ASCII.GetBytes($"Content-Disposition: form-data; name=\"{field}\"\r\nX-Junk: {new string('h', 20_000)}\r\n\r\n").Concat(gif).ToArray(), close: true),
                type, "multipart header line of 20k"),
            9 or 10 => (Multipart(boundary, Part(field, "big.gif", "image/gif", [.. gif, .. new byte[values.HugeBodyBytes]]), close: true), type, "multipart 6 MB image"),
            11 => ([.. Encoding.ASCII.GetBytes($"--{boundary}\r\n"), .. junkBytes], type, "multipart random bytes"),
            12 => (Multipart(boundary, Part(field, "x.gif", "image/gif", gif), close: true), "multipart/mixed; boundary=" + boundary, "multipart/mixed"),
            13 => (Encoding.ASCII.GetBytes($"{field}=%zz&&=&"), "application/x-www-form-urlencoded", "form instead of multipart"),
            14 => (Multipart(boundary, Part(new string('k', values.LongLength), "x.gif", "image/gif", gif), close: true), type, "multipart long field name"),
            15 => (Multipart(boundary, Encoding.UTF8.GetBytes($"Content-Disposition: form-data; name=\"{field}\"; filename=\"../../etc/passwd\u0000.png\"; filename*=UTF-8''%FF%FE\r\nContent-Type: image/png\r\n\r\n").Concat(gif).ToArray(), close: true),
                type, "multipart junk filename"),
            16 => (Multipart(boundary, Encoding.ASCII.GetBytes($"Content-Disposition: form-data; name=\"{field}\"; filename=\"x.gif\"\r\nContent-Type: ;;;\r\nContent-Transfer-Encoding: base64\r\n\r\n").Concat(gif).ToArray(), close: true),
                type, "multipart junk part headers"),
            17 => (Encoding.ASCII.GetBytes($"--{boundary}--\r\n"), type, "multipart without parts"),
            18 => (Multipart(boundary, [.. Enumerable.Range(0, 1500).SelectMany(i => Encoding.ASCII.GetBytes($"Content-Disposition: form-data; name=\"f{i}\"\r\n\r\n{i}\r\n--{boundary}\r\n"))
                .Concat(Part(field, "x.gif", "image/gif", gif))], close: true), type, "multipart 1500 parts"),
            _ => (Multipart(boundary, Encoding.ASCII.GetBytes($"Content-Disposition: form-data; name=\"{field}\"\r\n\r\n{Pick(values.QueryValues)}"), close: true), type, "multipart text field"),
        };
        notes.Add(note);
        return (body, contentType, variant == 10);
    }

    private static byte[] Part(string name, string fileName, string contentType, byte[] content) =>
        [.. Encoding.UTF8.GetBytes($"Content-Disposition: form-data; name=\"{name}\"; filename=\"{fileName}\"\r\nContent-Type: {contentType}\r\n\r\n"), .. content];

    private static byte[] Multipart(string boundary, byte[] part, bool close) =>
        [.. Encoding.ASCII.GetBytes($"--{boundary}\r\n"), .. part, .. Encoding.ASCII.GetBytes(close ? $"\r\n--{boundary}--\r\n" : "\r\n")];

    /// <summary>A plausible body after the document's schema, some properties left out.</summary>
    private string BaseObject(SweepOperation operation) =>
        Object(operation.BodyProperties.Where(_ => Chance(0.7)).Select(p => (p.Name, Sample(p))));

    private string Sample(SweepProperty property) => property.Type switch
    {
        "string" => JsonSerializer.Serialize(values.SampleFor(property.Name)),
        "boolean" => Chance(0.5) ? "true" : "false",
        "integer" or "number" => property.Name.Contains("mailTrackingId", StringComparison.OrdinalIgnoreCase)
            ? ids.Tracking.ToString(CultureInfo.InvariantCulture)
            : "1",
        "array" => property.ItemType == "object"
            ? $"[{Object(property.ItemProperties.Select(p => (p.Name, Sample(p))))}]"
            : $"[{JsonSerializer.Serialize(values.SampleFor(property.Name))}]",
        "object" => "{}",
        _ => "null",
    };

    private static string Object(IEnumerable<(string Name, string Value)> members) =>
        "{" + string.Join(",", members.Select(m => JsonSerializer.Serialize(m.Name) + ":" + m.Value)) + "}";

    private string Cursor() => Convert.ToBase64String(RandomBytes(_random.Next(1, 64))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private string LongJunk() => _random.Next(4) switch
    {
        0 => new string('9', values.LongLength),
        1 => new string('a', values.LongLength),
        2 => string.Concat(Enumerable.Repeat("💥", values.LongLength / 2)),
        _ => Convert.ToBase64String(RandomBytes(values.LongLength * 3 / 4)),
    };

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    private bool Chance(double probability) => _random.NextDouble() < probability;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private static string Excerpt(string value) => value.Length > 40 ? value[..40] + $"…({value.Length} chars)" : value;

    [GeneratedRegex("{([^}]+)}")]
    private static partial Regex Parameter();
}
