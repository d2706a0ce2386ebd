export function StrategiesPage() {
  return <h1>Strategies</h1>;
}
