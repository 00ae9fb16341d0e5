using MailTracker.Accounts;
using MailTracker.Grains.Ids;

namespace MailTracker.Grains.Accounts;

public sealed record AccountState
{
    public Account? Account { get; set; }
}

public sealed class AccountGrain(
    [PersistentState("account", StorageNames.Default)] IPersistentState<AccountState> state) : Grain, IAccountGrain
{
    public async Task<Account> CreateAsync(string name, string plan)
    {
        if (state.State.Account is { } existing) return existing;
        var account = new Account(this.GetPrimaryKeyLong(), name, plan, DateTimeOffset.UtcNow);
        state.State.Account = account;
        await state.WriteStateAsync();
        return account;
    }

    public Task<Account?> GetAsync() => Task.FromResult(state.State.Account);
}

public sealed record AccountDirectoryState
{
    public List<long> AccountIds { get; set; } = [];
}

public sealed class AccountDirectoryGrain(
    [PersistentState("accounts", StorageNames.Default)] IPersistentState<AccountDirectoryState> state,
    IIdGenerator ids) : Grain, IAccountDirectoryGrain
{
    public async Task<Account> CreateAccountAsync(string name, string plan)
    {
        var id = await ids.NextAsync();
        var account = await GrainFactory.GetGrain<IAccountGrain>(id).CreateAsync(name, plan);
        state.State.AccountIds.Add(id);
        await state.WriteStateAsync();
        return account;
    }

    public Task<IReadOnlyList<long>> ListAsync() => Task.FromResult<IReadOnlyList<long>>([.. state.State.AccountIds]);
}
