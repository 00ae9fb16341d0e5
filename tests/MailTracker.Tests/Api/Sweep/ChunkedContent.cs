using System.Net;

namespace MailTracker.Tests.Api.Sweep;

/// <summary>A body sent without a Content-Length (chunked), so that the server learns its size only by reading it.</summary>
public sealed class ChunkedContent(byte[] bytes) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
