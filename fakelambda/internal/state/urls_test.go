package state

import (
	"regexp"
	"testing"
	"time"
)

// URL configs: scopes and their errors, copies, unique ids, and the
// cascades (DeleteFunction drops them; DeleteAlias keeps the alias's).
func TestURLConfigs(t *testing.T) {
	r := newRegion()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	mustCreate(t, r, "f")
	v := mustPublish(t, r, "f")
	if _, e := r.CreateAlias("f", "", "live", v, nil, nil); e != nil {
		t.Fatal(e)
	}
	none := "NONE"
	_, e := r.CreateURL("g", "", URLInput{AuthType: &none}, now)
	wantErr(t, e, "ResourceNotFoundException", "Function does not exist")
	_, e = r.CreateURL("f", "nope", URLInput{AuthType: &none}, now)
	wantErr(t, e, "ResourceNotFoundException", "Function does not exist")
	_, e = r.URL("f", "")
	wantErr(t, e, "ResourceNotFoundException", "The resource you requested does not exist.")
	_, e = r.UpdateURL("f", "", URLInput{}, now)
	wantErr(t, e, "ResourceNotFoundException", "The resource you requested does not exist.")
	wantErr(t, r.DeleteURL("g", ""), "ResourceNotFoundException", "The resource you requested does not exist.")

	maxAge := 5
	cors := &Cors{AllowOrigins: []string{"*"}, MaxAge: &maxAge}
	fc, e := r.CreateURL("f", "", URLInput{AuthType: &none, Cors: cors}, now)
	if e != nil {
		t.Fatal(e)
	}
	cors.AllowOrigins[0], maxAge = "changed", 9 // the state kept a copy
	ac, e := r.CreateURL("f", "live", URLInput{AuthType: &none}, now)
	if e != nil {
		t.Fatal(e)
	}
	id := regexp.MustCompile(`^[a-z0-9]{32}$`)
	if !id.MatchString(fc.ID) || !id.MatchString(ac.ID) || fc.ID == ac.ID {
		t.Fatalf("ids %q %q", fc.ID, ac.ID)
	}
	_, e = r.CreateURL("f", "", URLInput{AuthType: &none}, now)
	wantErr(t, e, "ResourceConflictException", "Failed to create function url config for [functionArn = arn:aws:lambda:us-east-1:123456789012:function:f]. Error message:  FunctionUrlConfig exists for this Lambda function")
	got, _ := r.URL("f", "")
	if got.Cors.AllowOrigins[0] != "*" || *got.Cors.MaxAge != 5 {
		t.Fatalf("cors %+v", got.Cors)
	}
	got.Cors.AllowOrigins[0] = "x" // a copy too
	if again, _ := r.URL("f", ""); again.Cors.AllowOrigins[0] != "*" {
		t.Fatal("URL answered shared memory")
	}
	if _, c, ok := r.store.URLByID(ac.ID); !ok || c.Qualifier != "live" || c.Function != "f" {
		t.Fatalf("URLByID: %+v %v", c, ok)
	}

	// DeleteAlias keeps the alias's URL config; it answers again once the alias is back.
	if e := r.DeleteAlias("f", "", "live"); e != nil {
		t.Fatal(e)
	}
	_, e = r.URL("f", "live")
	wantErr(t, e, "ResourceNotFoundException", "The resource you requested does not exist.")
	if _, _, ok := r.store.URLByID(ac.ID); !ok {
		t.Fatal("the alias's URL config went with the alias")
	}
	if list, _ := r.URLs("f"); len(list) != 2 {
		t.Fatalf("URLs: %+v", list)
	}

	// DeleteFunction drops them all.
	if e := r.DeleteFunction("f", ""); e != nil {
		t.Fatal(e)
	}
	if _, _, ok := r.store.URLByID(fc.ID); ok {
		t.Fatal("a deleted function's URL config is kept")
	}
	if len(r.urls) != 0 {
		t.Fatalf("urls of a deleted function: %v", r.urls)
	}
	mustCreate(t, r, "f")
	if list, e := r.URLs("f"); e != nil || len(list) != 0 {
		t.Fatalf("URLs of a re-created function: %+v %v", list, e)
	}
}
