using MailTracker.Domains;

namespace MailTracker.Grains.Domains;

public sealed class AccountDomainsGrain(
    [PersistentState("domains", StorageNames.Default)] IPersistentState<AccountDomainsState> state) : Grain, IAccountDomainsGrain
{
    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Domains]);

    public async Task AddAsync(string domain)
    {
        if (state.State.Domains.Contains(domain)) return;
        state.State.Domains.Add(domain);
        await state.WriteStateAsync();
    }

    public async Task RemoveAsync(string domain)
    {
        if (state.State.Domains.Remove(domain)) await state.WriteStateAsync();
    }
}
