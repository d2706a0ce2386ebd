import type { Outputs } from '../../api/client';
import { href } from '../../app/router';

type Template = Outputs['strategies']['templates'][number];

export function TemplateList({ templates, canCreate }: { templates: Template[]; canCreate: boolean }) {
  return (
    <section class="panel" aria-labelledby="templates-title">
      <h2 id="templates-title">Templates</h2>
      <ul class="proc-list">
        {templates.map((t) => (
          <li key={t.name} style={{ marginBottom: '0.5rem' }}>
            <strong>{t.name}</strong>
            {canCreate && (
              <>
                {' '}
                <a href={href('strategies', 'new', t.name)} aria-label={`New strategy from ${t.name}`}>
                  new strategy
                </a>
              </>
            )}
            <div class="hint">{t.description}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
