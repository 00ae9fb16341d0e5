namespace MailTracker.Api.Pages;

/// <summary>A trackable link of the tracking with its clicks (every stored click; people and bots apart).</summary>
public sealed record LinkRow(long Id, string Target, long Clicks, long HumanClicks, long BotClicks);
