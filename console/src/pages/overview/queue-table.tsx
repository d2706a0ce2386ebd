export interface QueueDepth {
  queue: string;
  queued: number;
  active: number;
}

export function QueueTable({ queues }: { queues: QueueDepth[] }) {
  if (queues.length === 0) return <p class="muted">No job queues reported yet.</p>;
  return (
    <table aria-label="Queue depths">
      <thead>
        <tr>
          <th scope="col">Queue</th>
          <th scope="col" class="num">
            Queued
          </th>
          <th scope="col" class="num">
            Active
          </th>
        </tr>
      </thead>
      <tbody>
        {queues.map((q) => (
          <tr key={q.queue}>
            <td>{q.queue}</td>
            <td class="num">{q.queued}</td>
            <td class="num">{q.active}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
