using MailTracker.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MailTracker.Tests.Api.Sweep;

public sealed class PostgresMalformedRequestSweep(PostgresApiHost host, ITestOutputHelper output) : MalformedRequestSweep<PostgresApiHost>(host, output);
