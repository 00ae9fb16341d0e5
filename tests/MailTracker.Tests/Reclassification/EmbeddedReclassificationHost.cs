using MailTracker.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace MailTracker.Tests.Reclassification;

public sealed class EmbeddedReclassificationHost : ApiTestHost
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        ReclassificationHosting.Configure(builder);
    }
}
