namespace MailTracker.Tests.Reclassification;

public sealed class EmbeddedReclassificationApiTests(EmbeddedReclassificationHost host) : ReclassificationApiTests<EmbeddedReclassificationHost>(host);
