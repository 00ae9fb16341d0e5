using MailTracker.Silo.Hosting;

return await MailTrackerHost.RunAsync(args);

/// <summary>The entry point type, public so that tests can host it with WebApplicationFactory.</summary>
public partial class Program;
