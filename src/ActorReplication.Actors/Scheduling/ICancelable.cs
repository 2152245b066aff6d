namespace ActorReplication.Actors;

public interface ICancelable
{
    void Cancel();

    bool IsCancellationRequested { get; }
}
