package cli

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	schedtypes "github.com/aws/aws-sdk-go-v2/service/scheduler/types"

	"github.com/virga-dev/virga/internal/sam"
)

// putScheduleV2 replaces a Scheduler schedule that invokes the function.
// Its role is the function's execution role (SAM makes one of its own).
func (d *deployer) putScheduleV2(ctx context.Context, arn, role string, s sam.ScheduleV2) error {
	if err := d.deleteSchedule(ctx, s.Name); err != nil {
		return err
	}
	window := &schedtypes.FlexibleTimeWindow{Mode: schedtypes.FlexibleTimeWindowModeOff}
	if s.WindowMinutes > 0 {
		window = &schedtypes.FlexibleTimeWindow{Mode: schedtypes.FlexibleTimeWindowModeFlexible, MaximumWindowInMinutes: aws.Int32(s.WindowMinutes)}
	}
	state := schedtypes.ScheduleStateEnabled
	if !s.Enabled {
		state = schedtypes.ScheduleStateDisabled
	}
	in := &scheduler.CreateScheduleInput{Name: &s.Name, ScheduleExpression: &s.Expression, FlexibleTimeWindow: window, State: state,
		Target: &schedtypes.Target{Arn: &arn, RoleArn: &role}}
	if s.Timezone != "" {
		in.ScheduleExpressionTimezone = &s.Timezone
	}
	if s.Input != "" {
		in.Target.Input = &s.Input
	}
	_, err := d.schedules.CreateSchedule(ctx, in)
	return err
}

// deleteSchedule deletes a schedule of the default group, if there is one.
func (d *deployer) deleteSchedule(ctx context.Context, name string) error {
	_, err := d.schedules.DeleteSchedule(ctx, &scheduler.DeleteScheduleInput{Name: &name})
	var missing *schedtypes.ResourceNotFoundException
	if errors.As(err, &missing) {
		return nil
	}
	return err
}

// deleteSchedulesOf deletes the schedules of the default group whose
// target is arn.
func (d *deployer) deleteSchedulesOf(ctx context.Context, arn string) error {
	var names []string
	pages := scheduler.NewListSchedulesPaginator(d.schedules, &scheduler.ListSchedulesInput{})
	err := eachPage(ctx, pages, func(p *scheduler.ListSchedulesOutput) {
		for _, s := range p.Schedules {
			if s.Target != nil && aws.ToString(s.Target.Arn) == arn {
				names = append(names, aws.ToString(s.Name))
			}
		}
	})
	for _, name := range names {
		if err == nil {
			err = d.deleteSchedule(ctx, name)
		}
	}
	return err
}
