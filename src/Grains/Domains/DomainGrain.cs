using System.Security.Cryptography;
using System.Text;
using MailTracker.Domains;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailTracker.Grains.Domains;

/// <summary>
/// A sending domain (<see cref="IDomainGrain"/>). Its RSA 2048 key pair is made once, when an account claims it; the public
/// half goes into the DKIM record to publish, the private half is kept sealed by <see cref="DomainKeyProtector"/>. The
/// domain is verified when the verification, SPF and DKIM records were found as published; DMARC is reported, not required.
/// </summary>
public sealed class DomainGrain(
    [PersistentState("domain", StorageNames.Default)] IPersistentState<DomainState> state,
    DomainKeyProtector protector,
    DomainVerifier verifier,
    IOptions<SendingDomainOptions> options,
    TimeProvider time,
    ILogger<DomainGrain> logger) : Grain, IDomainGrain
{
    private const int RsaBits = 2048;

    private static readonly DomainRecordPurpose[] Required = [DomainRecordPurpose.Verification, DomainRecordPurpose.Spf, DomainRecordPurpose.Dkim];

    private string Domain => this.GetPrimaryKeyString()[1..];

    private bool Owns(long accountId) => accountId != 0 && state.State.AccountId == accountId;

    public async Task<Result<DomainInfo>> CreateAsync(long accountId)
    {
        if (state.State.AccountId != 0 && !Owns(accountId))
        {
            return Result<DomainInfo>.Fail(Outcome.Conflict, $"The domain {Domain} is already claimed by another account.");
        }
        if (state.State.AccountId == 0)
        {
            using var rsa = RSA.Create(RsaBits);
            var selector = "mt" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
            var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            state.State = new DomainState
            {
                AccountId = accountId,
                Selector = selector,
                SealedPrivateKey = protector.Protect(Domain, rsa.ExportPkcs8PrivateKey()),
                Records = [.. DomainRecords.For(Domain, selector, Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo()), token, options.Value.SpfInclude)],
                Created = time.GetUtcNow(),
            };
            await state.WriteStateAsync();
        }
        // Also on a repeat: should the first call have died after claiming, the account's list gets the domain now.
        await GrainFactory.GetGrain<IAccountDomainsGrain>(accountId).AddAsync(Domain);
        return Result<DomainInfo>.Ok(Info());
    }

    public Task<DomainInfo?> GetAsync(long accountId) => Task.FromResult(Owns(accountId) ? Info() : null);

    public async Task<bool> DeleteAsync(long accountId)
    {
        if (!Owns(accountId)) return false;
        await state.ClearStateAsync();
        state.State = new DomainState();
        await GrainFactory.GetGrain<IAccountDomainsGrain>(accountId).RemoveAsync(Domain);
        return true;
    }

    public async Task<DomainInfo?> VerifyAsync(long accountId)
    {
        if (!Owns(accountId)) return null;
        var checkedRecords = await verifier.CheckAsync(state.State.Records);
        var s = state.State;
        var now = time.GetUtcNow();
        var required = checkedRecords.Where(r => Required.Contains(r.Purpose)).ToList();
        if (required.All(r => r.State == DomainRecordState.Verified))
        {
            s.VerifiedAt ??= now;
            s.Verified = true;
        }
        else if (!(s.Verified && required.All(r => r.State is DomainRecordState.Verified or DomainRecordState.Unreachable)))
        {
            // A resolver that does not answer says nothing about the records: a verified domain stays verified through it.
            s.Verified = false;
            s.VerifiedAt = null;
        }
        s.Records = [.. checkedRecords];
        s.LastCheckedAt = now;
        await state.WriteStateAsync();
        return Info();
    }

    public Task<DomainSigningKey?> GetSigningKeyAsync(long accountId)
    {
        if (!Owns(accountId) || !state.State.Verified) return Task.FromResult<DomainSigningKey?>(null);
        try
        {
            var pkcs8 = protector.Unprotect(Domain, state.State.SealedPrivateKey);
            var pem = Encoding.ASCII.GetBytes(PemEncoding.WriteString("PRIVATE KEY", pkcs8));
            return Task.FromResult<DomainSigningKey?>(new DomainSigningKey(Domain, state.State.Selector, pem));
        }
        catch (CryptographicException e)
        {
            logger.LogError(e, "The DKIM key of {Domain} does not decrypt: MailTracker__Sending__KeyEncryptionKey is not the key it was stored with", Domain);
            return Task.FromResult<DomainSigningKey?>(null);
        }
    }

    private DomainInfo Info() => new(Domain, state.State.Verified, [.. state.State.Records], state.State.Created, state.State.VerifiedAt, state.State.LastCheckedAt);
}
