using MailTracker.Accounts;
using MailTracker.Grains.Ids;

namespace MailTracker.Grains.Accounts;

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
