import { useMutation, useQuery } from '@apollo/client/react';
import { ToggleSwitch } from '@codegouvfr/react-dsfr/ToggleSwitch';
import { graphql } from '../../graphql/generated/gql.ts';
import { messages } from '../../i18n/messages.ts';
import type { ShownAnnotation } from '../use-annotations.ts';

const m = messages.annotations;

const GroupAnnotationsQuery = graphql(`
  query GroupAnnotations($slug: String!, $meetingId: UUID!) {
    me {
      id
    }
    body(slug: $slug) {
      id
      politicalGroups {
        id
        name
        memberIds
      }
      meeting(id: $meetingId) {
        id
        documents {
          id
          groupAnnotations {
            authorName
            annotation {
              id
              quote
              note
              pageNumber
            }
          }
        }
      }
    }
  }
`);

const ShareAnnotationMutation = graphql(`
  mutation ShareAnnotationWithGroup($bodyId: UUID!, $annotationId: UUID!, $shared: Boolean!) {
    shareAnnotationWithGroup(bodyId: $bodyId, annotationId: $annotationId, shared: $shared) {
      id
      sharedWithGroup
    }
  }
`);

/**
 * The reader's political group in the body and what its fellow members shared on the document (online
 * only: shared annotations are not kept offline), and the toggle that shares one of the reader's own.
 */
export function useGroupSharing(slug: string, meetingId: string, documentId: string) {
  const { data } = useQuery(GroupAnnotationsQuery, {
    variables: { slug, meetingId },
    skip: !slug || !meetingId,
    fetchPolicy: 'cache-and-network',
  });
  const [share] = useMutation(ShareAnnotationMutation);
  const myGroup = data?.body.politicalGroups.find((group) => group.memberIds.includes(data.me.id)) ?? null;
  const shared = data?.body.meeting.documents.find((document) => document.id === documentId)?.groupAnnotations ?? [];
  const bodyId = data?.body.id ?? '';

  const shareControl = (annotation: ShownAnnotation) =>
    myGroup && !annotation.pending ? (
      <ToggleSwitch
        label={m.shareWithGroup(myGroup.name)}
        inputTitle={m.shareWithGroup(myGroup.name)}
        showCheckedHint={false}
        checked={annotation.sharedWithGroup}
        onChange={(checked) => void share({ variables: { bodyId, annotationId: annotation.id, shared: checked } }).catch(() => undefined)}
      />
    ) : null;

  const groupSection = myGroup ? (
    <section aria-labelledby="group-annotations" className="fr-mt-3w">
      <h3 id="group-annotations" className="fr-h6">
        {m.groupTitle(myGroup.name)}
      </h3>
      {shared.length === 0 ? (
        <p className="fr-text--sm">{m.groupNone}</p>
      ) : (
        <ul className="cartable-annotation-list">
          {shared.map(({ authorName, annotation }) => (
            <li key={annotation.id} className="cartable-annotation">
              <p className="fr-text--sm fr-mb-1v">
                {m.byAuthor(authorName)} — {annotation.pageNumber ? m.onPage(annotation.pageNumber) : m.orphaned}
              </p>
              {annotation.quote ? (
                <blockquote className="cartable-annotation__quote">« {annotation.quote} »</blockquote>
              ) : (
                <p className="fr-text--bold fr-mb-1v">{m.pageNote}</p>
              )}
              {annotation.note && <p className="cartable-annotation__note">{annotation.note}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  ) : null;

  return { shareControl, groupSection };
}
