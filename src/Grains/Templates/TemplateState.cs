using MailTracker.Templates;

namespace MailTracker.Grains.Templates;

public sealed record TemplateState
{
    public long AccountId { get; set; }

    public TemplateContent? Content { get; set; }

    /// <summary>The variables <see cref="Content"/> uses, as parsed when it was saved.</summary>
    public List<string> Variables { get; set; } = [];

    public DateTimeOffset Created { get; set; }

    public DateTimeOffset Updated { get; set; }

    public bool Deleted { get; set; }
}
