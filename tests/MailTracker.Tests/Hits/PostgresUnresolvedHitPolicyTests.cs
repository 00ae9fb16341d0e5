using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Hits;

public sealed class PostgresUnresolvedHitPolicyTests(PostgresApiHost host) : UnresolvedHitPolicyTests<PostgresApiHost>(host);
