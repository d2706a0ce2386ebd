// Risk profiles: the list (latest version, where assigned) and the editor for a new profile or a
// new version of one.
import { useState } from 'preact/hooks';
import { api, type Outputs } from '../../api/client';
import { useApi } from '../../api/use-api';
import { formatIst } from '../../ui/cell-text';
import { ErrorBox } from '../../ui/error-box';
import { ProfileEditor } from './profile-editor';
import { draftOfProfile, EMPTY_PROFILE } from './profile-draft';

type Catalogue = Outputs['risk']['catalogue'];
type Profile = Outputs['risk']['profiles']['list'][number];

export function ProfilesPanel(props: { catalogue: Catalogue; operator: boolean; onChanged: () => void }) {
  const [changed, setChanged] = useState(0);
  const [editing, setEditing] = useState<Profile>();
  const list = useApi(
    () => api.risk.profiles.list.query({ includeArchived: false, limit: 500, offset: 0 }),
    [changed],
  );
  const saved = () => {
    setChanged((n) => n + 1);
    props.onChanged();
  };
  return (
    <section class="panel" aria-labelledby="profiles-title">
      <h2 id="profiles-title">Risk profiles</h2>
      <ErrorBox error={list.error} />
      {(list.data ?? []).length === 0 ? (
        <p class="muted">No profiles yet: accounts use the conservative preset.</p>
      ) : (
        <div class="table-wrap">
          <table aria-label="Risk profiles">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Preset</th>
                <th scope="col" class="num">
                  Version
                </th>
                <th scope="col">Changed (IST)</th>
                {props.operator && (
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {(list.data ?? []).map((p) => (
                <tr key={p.id}>
                  <td>{p.name}</td>
                  <td>{p.document.extends ?? '—'}</td>
                  <td class="num">{p.latestVersion}</td>
                  <td>{formatIst(p.updatedAt)}</td>
                  {props.operator && (
                    <td>
                      <button type="button" onClick={() => setEditing(p)}>
                        Edit<span class="visually-hidden"> {p.name}</span>
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.operator &&
        (editing ? (
          <>
            <h3>
              Edit “{editing.name}” (saving makes version {editing.latestVersion + 1})
            </h3>
            <ProfileEditor
              key={editing.id}
              catalogue={props.catalogue}
              initial={draftOfProfile(editing.name, editing.document)}
              editing
              onSave={async (name, document) => {
                await api.risk.profiles.update.mutate({ id: editing.id, name, profile: document });
                setEditing(undefined);
                saved();
              }}
              onCancel={() => setEditing(undefined)}
            />
          </>
        ) : (
          <>
            <h3>New profile</h3>
            <ProfileEditor
              catalogue={props.catalogue}
              initial={EMPTY_PROFILE}
              editing={false}
              onSave={async (name, document) => {
                await api.risk.profiles.create.mutate({ name, profile: document });
                saved();
              }}
            />
          </>
        ))}
    </section>
  );
}
