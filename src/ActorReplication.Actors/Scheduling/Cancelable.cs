namespace ActorReplication.Actors;

public sealed class Cancelable : ICancelable
{
    private volatile bool _canceled;

    public static readonly ICancelable AlreadyCanceled = CreateCanceled();

    public bool IsCancellationRequested => _canceled;

    public void Cancel() => _canceled = true;

    private static Cancelable CreateCanceled()
    {
        var c = new Cancelable();
        c.Cancel();
        return c;
    }
}
