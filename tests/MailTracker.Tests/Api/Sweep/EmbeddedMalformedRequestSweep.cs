using MailTracker.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MailTracker.Tests.Api.Sweep;

public sealed class EmbeddedMalformedRequestSweep(EmbeddedApiHost host, ITestOutputHelper output) : MalformedRequestSweep<EmbeddedApiHost>(host, output);
