namespace MailTracker;

public enum TokenKind
{
    Pixel,
    Link,
    Recipient,
    ApiKey,
}
