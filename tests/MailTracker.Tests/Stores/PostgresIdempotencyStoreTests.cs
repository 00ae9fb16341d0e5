using MailTracker.Grains.Idempotency;
using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Stores;

public sealed class PostgresIdempotencyStoreTests(MigratedDatabase database) : IdempotencyStoreContract, IClassFixture<MigratedDatabase>
{
    protected override IIdempotencyStore Store { get; } = new PostgresIdempotencyStore(database.DataSource);
}
