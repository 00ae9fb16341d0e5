namespace MailTracker;

public enum Outcome
{
    Ok,
    NotFound,
    Conflict,
    LimitExceeded,
    Invalid,
}
