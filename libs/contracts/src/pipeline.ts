import type { Count, Uuid } from './scalars';
import { IsOptional, IsUUID } from 'class-validator';

/** Which columns the pipeline reads; each defaults to the sales-pipeline template's (Stage, Value, Close date). */
export class PipelineQuery {
  /** A select column: the stages, in option order, with their probabilities. */
  @IsOptional()
  @IsUUID('all', { message: 'stageColumn must be a column id' })
  stageColumn?: string;

  /** A number or currency column: the deal value. */
  @IsOptional()
  @IsUUID('all', { message: 'valueColumn must be a column id' })
  valueColumn?: string;

  /** A date column: the expected close date, for the forecast. */
  @IsOptional()
  @IsUUID('all', { message: 'dateColumn must be a column id' })
  dateColumn?: string;
}

/**
 * A share between 0 and 1.
 * @minimum 0
 * @maximum 1
 */
type Fraction = number;

export interface PipelineStage {
  /** The option id. */
  stage: string;
  label: string;
  color?: string;
  /** 0–100; null when the option has none (its weighted value is then 0). */
  probability: number | null;
  count: Count;
  total: number;
  weighted: number;
}

export interface PipelineForecastMonth {
  /**
   * `YYYY-MM` of the close date.
   * @example "2026-12"
   */
  month: string;
  total: number;
  weighted: number;
}

export interface PipelineReport {
  stageColumn: Uuid;
  valueColumn: Uuid;
  dateColumn: Uuid | null;
  /** One entry per option, in option order (options nobody uses have zeros). */
  stages: PipelineStage[];
  /** Rows without a stage (or with a stage that is no longer an option). */
  unstaged: { count: Count; total: number };
  /** Weighted value by close month, oldest first; rows without a close date are left out. */
  forecast: PipelineForecastMonth[];
  /** won / (won + lost) by count, where won stages have probability 100 and lost ones 0; null before any is closed. */
  winRate: Fraction | null;
  /** Average days a row stayed in each stage before moving on, from the change history; null when none has left it. */
  avgDaysInStage: { stage: string; days: number | null }[];
  totals: { count: Count; total: number; weighted: number };
}
