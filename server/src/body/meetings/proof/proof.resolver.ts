import { Field, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import { Convocation } from '../../convocations/convocation.entity.js';
import { MeetingType } from '../meeting.type.js';
import { Access } from '../../../graphql/access.js';
import { InBody } from '../../../graphql/in-body.js';
import type { PersonContext } from '../../../tenancy/body-context.js';
import { proofLinkPurpose, proofPath } from './proof.router.js';

@ObjectType('ProofLinks', { description: 'Download links of a meeting’s proof file and attendance sheet, valid 10 minutes.' })
@Access('authenticated')
export class ProofLinksType {
  @Field({ description: 'The human-readable attestation (PDF).' })
  attestationUrl!: string;

  @Field({ description: 'The bundle (tar): manifests, event batches and their RFC 3161 tokens, TSA certificates, documents, SHA256SUMS.' })
  bundleUrl!: string;

  @Field({ description: 'The feuille d’émargement (PDF): the officials convened, their announced answers and proxies, a box to sign.' })
  attendanceSheetUrl!: string;

  @Field()
  expiresAt!: Date;
}

@Resolver(() => MeetingType)
export class MeetingProofResolver {
  @FieldResolver(() => ProofLinksType, {
    nullable: true,
    description: 'Secretariat: the proof file of the convocations; null before the first send.',
  })
  @Access('authenticated')
  async proof(
    @Root() root: MeetingType,
    @InBody('prepare', { root: 'bodyId' }) { em, actor, services: { links } }: PersonContext,
  ): Promise<ProofLinksType | null> {
    if ((await em.count(Convocation, { meetingId: root.id })) === 0) return null;
    const grant = { bodyId: root.bodyId, meetingId: root.id, personId: actor.personId };
    const attestation = links.issue(proofPath, proofLinkPurpose, grant, 600, 'attestation.pdf');
    const bundle = links.issue(proofPath, proofLinkPurpose, grant, 600, 'preuve.tar');
    const sheet = links.issue(proofPath, proofLinkPurpose, grant, 600, 'emargement.pdf');
    return Object.assign(new ProofLinksType(), {
      attestationUrl: attestation.url,
      bundleUrl: bundle.url,
      attendanceSheetUrl: sheet.url,
      expiresAt: attestation.expiresAt,
    });
  }
}
