using MailTracker.Accounts;
using MailTracker.Templates;

namespace MailTracker.Grains.Templates;

public sealed class TemplateGrain(
    [PersistentState("template", StorageNames.Default)] IPersistentState<TemplateState> state,
    TemplateRenderer renderer,
    TimeProvider time) : Grain, ITemplateGrain
{
    private long Id => this.GetPrimaryKeyLong();

    private bool Owns(long accountId) => state.State.Content is not null && !state.State.Deleted && state.State.AccountId == accountId;

    public async Task<Result<TemplateInfo>> CreateAsync(long accountId, TemplateContent content)
    {
        if (state.State.Content is not null) return Owns(accountId) ? Result<TemplateInfo>.Ok(Info()) : Result<TemplateInfo>.Fail(Outcome.NotFound);
        var variables = renderer.Variables(content);
        if (variables.Outcome != Outcome.Ok) return Result<TemplateInfo>.Fail(variables.Outcome, variables.Message);
        var now = time.GetUtcNow();
        state.State.AccountId = accountId;
        state.State.Content = content;
        state.State.Variables = [.. variables.Value!];
        state.State.Created = now;
        state.State.Updated = now;
        await state.WriteStateAsync();
        return Result<TemplateInfo>.Ok(Info());
    }

    public Task<TemplateInfo?> GetAsync(long accountId) => Task.FromResult(Owns(accountId) ? Info() : null);

    public async Task<Result<TemplateInfo>> UpdateAsync(long accountId, TemplateUpdate update)
    {
        if (!Owns(accountId)) return Result<TemplateInfo>.Fail(Outcome.NotFound);
        var content = state.State.Content!;
        var updated = new TemplateContent(
            update.Name ?? content.Name,
            update.Subject ?? content.Subject,
            update.Html is null ? content.Html : update.Html.Length == 0 ? null : update.Html,
            update.Text is null ? content.Text : update.Text.Length == 0 ? null : update.Text);
        if (updated.Html is null && updated.Text is null)
        {
            return Result<TemplateInfo>.Fail(Outcome.Invalid, "A template needs html or text: this change would leave it with neither.");
        }
        var variables = renderer.Variables(updated);
        if (variables.Outcome != Outcome.Ok) return Result<TemplateInfo>.Fail(variables.Outcome, variables.Message);
        state.State.Content = updated;
        state.State.Variables = [.. variables.Value!];
        state.State.Updated = time.GetUtcNow();
        await state.WriteStateAsync();
        return Result<TemplateInfo>.Ok(Info());
    }

    public async Task<bool> DeleteAsync(long accountId)
    {
        if (!Owns(accountId)) return false;
        state.State.Deleted = true;
        await state.WriteStateAsync();
        // Marked deleted first: should this not be reached, the account's list still shows only live templates.
        await GrainFactory.GetGrain<IAccountGrain>(accountId).ForgetTemplateAsync(Id);
        return true;
    }

    public Task<TemplateRendering?> RenderAsync(long accountId, IReadOnlyDictionary<string, string> variables)
    {
        if (!Owns(accountId)) return Task.FromResult<TemplateRendering?>(null);
        var missing = state.State.Variables.Where(v => !variables.ContainsKey(v)).ToList();
        if (missing.Count > 0) return Task.FromResult<TemplateRendering?>(new TemplateRendering(null, missing));
        var rendered = renderer.Render(state.State.Content!, variables, out var problem);
        var rendering = new TemplateRendering(rendered, [], problem);
        return Task.FromResult<TemplateRendering?>(rendering);
    }

    private TemplateInfo Info() =>
        new(Id, state.State.AccountId, state.State.Content!, [.. state.State.Variables], state.State.Created, state.State.Updated);
}
