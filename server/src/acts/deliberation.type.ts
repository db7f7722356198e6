import { ArrayMaxSize, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { UuidScalar } from '../graphql/scalars.js';
import { Access } from '../graphql/access.js';
import { executoryAt } from './deliberation.service.js';
import { graphqlEnum } from '../graphql/enums.js';
import {
  publicityModes,
  type ActSettings,
  type PublicityMode,
  deliberationStatuses,
  signatoryRoles,
  type Deliberation,
  type DeliberationSignature,
  type DeliberationStatus,
  type SignatoryRole,
} from './deliberation.entity.js';
import { VoteResultEnum } from '../body/seance/seance.type.js';
import type { VoteResult } from '../legal/vote-rules.js';

export const DeliberationStatusEnum = graphqlEnum(
  deliberationStatuses,
  'DeliberationStatus',
  'Projet, finalisée (numérotée, PDF figé), signée par tous ses signataires.',
);
export const SignatoryRoleEnum = graphqlEnum(signatoryRoles, 'SignatoryRole', 'Président(e) de séance ou secrétaire de séance.');
export const PublicityModeEnum = graphqlEnum(
  publicityModes,
  'PublicityMode',
  'Publication électronique, ou (communes de moins de 3 500 habitants) affichage ou publication sur papier.',
);

@ObjectType('DeliberationVote', { description: 'The figures of the vote, copied from the séance when the act was written.' })
@Access('authenticated')
export class DeliberationVoteType {
  @Field(() => Int, { description: 'Members in office.' }) effectif!: number;
  @Field(() => Int, { description: 'Members present or represented who took part in the vote.' }) votants!: number;
  @Field(() => Int) pour!: number;
  @Field(() => Int) contre!: number;
  @Field(() => Int) abstention!: number;
  @Field(() => VoteResultEnum) result!: VoteResult;
}

@ObjectType('DeliberationSignature')
@Access('authenticated')
export class DeliberationSignatureType {
  @Field(() => ID) personId!: string;
  @Field(() => SignatoryRoleEnum) role!: SignatoryRole;
  @Field() signerName!: string;
  @Field() signedAt!: Date;

  static from(signature: Pick<DeliberationSignature, 'personId' | 'role' | 'signerName' | 'signedAt'>): DeliberationSignatureType {
    return Object.assign(new DeliberationSignatureType(), {
      personId: signature.personId,
      role: signature.role,
      signerName: signature.signerName,
      signedAt: signature.signedAt,
    });
  }
}

@ObjectType('Signatory')
@Access('authenticated')
export class SignatoryType {
  @Field(() => ID) personId!: string;
  @Field(() => SignatoryRoleEnum) role!: SignatoryRole;
  @Field({ description: 'Has signed the current version.' }) signed!: boolean;
}

@ObjectType('Deliberation')
@Access('authenticated')
export class DeliberationType {
  @Field(() => ID) id!: string;
  @Field(() => ID) bodyId!: string;
  @Field(() => ID) meetingId!: string;
  @Field(() => ID, { nullable: true }) agendaItemId!: string | null;
  @Field(() => String, { nullable: true, description: 'The number in the body’s format (e.g. 2026-042), given at the first finalisation.' })
  number!: string | null;
  @Field() title!: string;
  @Field({ description: 'Matière code of the ACTES nomenclature (e.g. 7.1).' }) matiereCode!: string;
  @Field() matiereName!: string;
  @Field(() => String, { nullable: true }) rapporteur!: string | null;
  @Field() visas!: string;
  @Field() considerants!: string;
  @Field() dispositif!: string;
  @Field(() => DeliberationVoteType, { nullable: true }) vote!: DeliberationVoteType | null;
  @Field(() => DeliberationStatusEnum) status!: DeliberationStatus;
  @Field(() => Int, { description: 'Grows when a finalised act is revised; signatures count for one version only.' }) version!: number;
  @Field(() => String, { nullable: true, description: 'SHA-256 of the current PDF.' }) pdfSha256!: string | null;
  @Field(() => Date, { nullable: true }) finalisedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'Date de mise en ligne (publication, L2131-1).' }) publishedAt!: Date | null;
  @Field(() => String, { nullable: true }) publishedByName!: string | null;
  @Field(() => String, { nullable: true }) publishedByQuality!: string | null;
  @Field(() => String, { nullable: true, description: 'The service of the contrôle de légalité (PREF025…).' }) prefectureId!: string | null;
  @Field(() => String, { nullable: true, description: 'Identifier of the préfecture’s acknowledgment (@CTES).' }) acknowledgmentId!:
    string | null;
  @Field(() => Date, { nullable: true }) acknowledgedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the act became executory: published and acknowledged (L2131-1).' })
  executoryAt!: Date | null;

  static from(act: Deliberation, bodyId: string): DeliberationType {
    return Object.assign(new DeliberationType(), {
      id: act.id,
      bodyId,
      meetingId: act.meetingId,
      agendaItemId: act.agendaItemId ?? null,
      number: act.numberLabel ?? null,
      title: act.title,
      matiereCode: act.matiereCode,
      matiereName: act.matiereName,
      rapporteur: act.rapporteur ?? null,
      visas: act.visas,
      considerants: act.considerants,
      dispositif: act.dispositif,
      vote: act.voteResult
        ? Object.assign(new DeliberationVoteType(), {
            effectif: act.voteEffectif,
            votants: act.voteVotants,
            pour: act.votePour,
            contre: act.voteContre,
            abstention: act.voteAbstention,
            result: act.voteResult,
          })
        : null,
      status: act.status,
      version: act.version,
      pdfSha256: act.pdfSha256 ?? null,
      finalisedAt: act.finalisedAt ?? null,
      publishedAt: act.publishedAt ?? null,
      publishedByName: act.publishedByName ?? null,
      publishedByQuality: act.publishedByQuality ?? null,
      prefectureId: act.prefectureId ?? null,
      acknowledgmentId: act.acknowledgmentId ?? null,
      acknowledgedAt: act.acknowledgedAt ?? null,
      executoryAt: executoryAt(act),
    });
  }
}

@InputType('DeliberationInput', { description: 'Fields left out keep their value (on creation: the body’s template).' })
export class DeliberationInput {
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(500) title?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(10) matiereCode?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) rapporteur?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(20_000) visas?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(20_000) considerants?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(50_000) dispositif?: string | null;
  @Field(() => [UuidScalar], { nullable: true, description: 'Secrétaire(s) de séance, who sign with the president.' })
  @IsOptional()
  @ArrayMaxSize(5)
  secretaryIds?: string[] | null;

  @Field(() => UuidScalar, { nullable: true, description: 'The président de séance, when not the assembly’s president (default).' })
  presidentId?: string | null;
}

@InputType('DeliberationVoteInput')
export class DeliberationVoteInput {
  @Field(() => Int) @Min(0) @Max(100_000) effectif!: number;
  @Field(() => Int) @Min(0) @Max(100_000) votants!: number;
  @Field(() => Int) @Min(0) @Max(100_000) pour!: number;
  @Field(() => Int) @Min(0) @Max(100_000) contre!: number;
  @Field(() => Int) @Min(0) @Max(100_000) abstention!: number;
}

@InputType('ActAuthorInput', { description: 'The name and quality of the act’s author, shown on the public page (R2131-1).' })
export class ActAuthorInput {
  @Field() @MaxLength(200) name!: string;
  @Field() @MaxLength(200) quality!: string;
}

@ObjectType('ActSettings')
@Access('authenticated')
export class ActSettingsType {
  @Field({ description: '{YYYY}: the year; {N}, {NNN}…: the number, zero-padded to that width.' }) numberFormat!: string;
  @Field() templateVisas!: string;
  @Field() templateConsiderants!: string;
  @Field() templateDispositif!: string;
  @Field(() => PublicityModeEnum) publicityMode!: PublicityMode;
  @Field(() => String, { nullable: true, description: 'Date of the délibération that chose the mode (YYYY-MM-DD).' }) publicityModeSince!:
    string | null;
  @Field(() => String, { nullable: true, description: 'Department code in the ACTES file names (025, 974, 02A).' }) actesDepartment!:
    string | null;

  static from(settings: ActSettings): ActSettingsType {
    return Object.assign(new ActSettingsType(), {
      numberFormat: settings.numberFormat,
      templateVisas: settings.templateVisas,
      templateConsiderants: settings.templateConsiderants,
      templateDispositif: settings.templateDispositif,
      publicityMode: settings.publicityMode,
      publicityModeSince: settings.publicityModeSince ? String(settings.publicityModeSince) : null,
      actesDepartment: settings.actesDepartment ?? null,
    });
  }
}

@InputType('ActSettingsInput')
export class ActSettingsInput {
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(40) numberFormat?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(20_000) templateVisas?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(20_000) templateConsiderants?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(50_000) templateDispositif?: string | null;
  @Field(() => PublicityModeEnum, { nullable: true }) @IsOptional() publicityMode?: PublicityMode | null;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(10) publicityModeSince?: string | null;
  @Field(() => String, { nullable: true, description: 'Empty clears it.' }) @IsOptional() @MaxLength(3) actesDepartment?: string | null;
}

@InputType('ActesAcknowledgmentInput', {
  description: 'The préfecture’s acknowledgment of an act transmitted through an approved operator.',
})
export class ActesAcknowledgmentInput {
  @Field({ description: 'PREF025, SPREF0251, SGAR025…' }) @MaxLength(10) prefectureId!: string;
  @Field() @MaxLength(100) identifier!: string;
  @Field() receivedAt!: Date;
}
