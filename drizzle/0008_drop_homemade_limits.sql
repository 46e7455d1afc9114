DROP TABLE `login_throttles`;--> statement-breakpoint
DROP TABLE `rate_limits`;