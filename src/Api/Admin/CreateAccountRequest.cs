using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace MailTracker.Api.Admin;

// The default is plans.json's "default"; an attribute takes only a constant, and a test checks that the two agree.
public sealed record CreateAccountRequest([property: Required] string? Name, [property: DefaultValue("free"), Description("The account's plan: free, indie, startup, growth or enterprise (README, Rate limits and plan quotas).")] string? Plan);
